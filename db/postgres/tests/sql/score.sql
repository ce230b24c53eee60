SELECT score_check('meihao-xiangcun');
